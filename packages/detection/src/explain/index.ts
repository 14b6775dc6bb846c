export { type FeatureImportanceResult, featureImportance } from './importance';
export { type LimeOptions, type LimeResult, limeExplanation } from './lime';
export { type PermutationOptions, type PermutationResult, permutationImportance } from './permutation';
export {
  AUTO_EXACT_MAX_FEATURES,
  EXACT_MAX_FEATURES,
  type ShapOptions,
  type ShapResult,
  shapValues,
} from './shap';

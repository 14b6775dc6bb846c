/**
 * Seed 002's GraphQL schema, with the fields our records carry beyond it (descriptions,
 * statuses, times) and `anomalies` paged so one result cannot answer thousands of rows.
 * Names are camelCase as GraphQL writes them; the REST API's are snake_case.
 */
export const typeDefs = /* GraphQL */ `
  "An ISO 8601 date-time, as the REST API writes them."
  scalar DateTime
  "Any JSON value: metadata, parameters, a row's cells."
  scalar JSON

  type Dataset {
    id: ID!
    name: String!
    description: String
    "Rows."
    size: Int!
    "Columns."
    features: Int!
    createdAt: DateTime!
    updatedAt: DateTime!
    metadata: JSON
  }

  "What training measured on the held-out rows; the label metrics only when the dataset had labels."
  type ModelMetrics {
    nTrain: Int!
    nValidation: Int!
    anomalyRate: Float!
    rocAuc: Float
    averagePrecision: Float
    accuracy: Float
    precision: Float
    recall: Float
    f1Score: Float
  }

  "A trained detector."
  type Model {
    id: ID!
    name: String!
    description: String
    algorithm: String!
    parameters: JSON!
    status: String!
    datasetId: ID
    featureNames: [String!]
    threshold: Float
    trainingTime: Float
    metrics: ModelMetrics
    createdAt: DateTime!
    trainedAt: DateTime
  }

  "One anomalous row of a detection run."
  type Anomaly {
    id: ID!
    "Normalised anomaly score in [0, 1): 0.5 is the training scores' upper fence."
    score: Float!
    "The row, from 0."
    index: Int!
    "The row's values by feature name."
    features: JSON!
    "The detection run that found it."
    detectionId: ID!
    "When that run completed."
    timestamp: DateTime!
  }

  "Where a model's training stands: today one message, when it has been trained."
  type TrainingProgress {
    modelId: ID!
    "trained"
    status: String!
    "0 to 1."
    progress: Float!
    message: String
    metrics: ModelMetrics
    timestamp: DateTime!
  }

  type DetectionResult {
    id: ID!
    "Null for inline rows."
    datasetId: ID
    algorithm: String!
    "running (queued: poll detectionResult), completed or failed."
    status: String!
    errorMessage: String
    nSamples: Int!
    anomalyCount: Int!
    anomalyRate: Float!
    threshold: Float!
    createdAt: DateTime!
    completedAt: DateTime!
    "Highest score first."
    anomalies(limit: Int = 100, offset: Int = 0): [Anomaly!]!
  }

  type Query {
    "Newest first; limit 1 to 100 (default 20)."
    datasets(limit: Int = 20, offset: Int = 0): [Dataset!]!
    "Null when there is no such dataset of yours."
    dataset(id: ID!): Dataset
    "Trained detectors, newest first; limit 1 to 100 (default 20)."
    models(limit: Int = 20, offset: Int = 0): [Model!]!
    model(id: ID!): Model
    detectionResult(id: ID!): DetectionResult
  }

  input CreateDatasetInput {
    name: String!
    description: String
    "Rows: each a list of cells, or a single value for a one-feature table."
    data: [JSON!]!
    features: [String!]
    metadata: JSON
  }

  input TrainModelInput {
    name: String!
    algorithm: String!
    datasetId: ID!
    parameters: JSON
    description: String
    labelColumn: String
    "Share of the rows held out to measure the model, 0 to 0.5 (default 0.2)."
    validationSplit: Float
  }

  "A stored dataset or inline rows (with their feature names), and the algorithm to run."
  input DetectAnomaliesInput {
    datasetId: ID
    data: [JSON!]
    features: [String!]
    algorithm: String = "isolation_forest"
    parameters: JSON
  }

  type Mutation {
    createDataset(input: CreateDatasetInput!): Dataset!
    trainModel(input: TrainModelInput!): Model!
    "Runs now, or is queued when the work is too large for a request: then status is running."
    detectAnomalies(input: DetectAnomaliesInput!): DetectionResult!
  }

  """
  Over the live WebSocket API with the graphql-transport-ws protocol (POST /graphql refuses
  them): each is sent as its events happen, to the subscriber's tenant only.
  """
  type Subscription {
    "The anomalies of each detection run on the dataset as it completes, highest score first (at most 100 a run)."
    anomalyDetected(datasetId: ID!): Anomaly!
    "The model's training, when it completes."
    modelTrainingProgress(modelId: ID!): TrainingProgress!
  }
`;

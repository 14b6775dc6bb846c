import { suppressionRuleDocument } from '@pynomaly/analysis';
import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { FeedbackRepository } from '@pynomaly/store';
import { suppressionRuleListAnswer } from './schemas/triage-answers';

const feedback = new FeedbackRepository();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    suppressionRuleListAnswer,
    (await feedback.listRules(principalOf(event).tenantId)).map(suppressionRuleDocument),
  ),
);

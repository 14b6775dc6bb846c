import { suppressionRuleDocument } from '@pynomaly/analysis';
import { httpHandler, json, principalOf } from '@pynomaly/core';
import { FeedbackRepository } from '@pynomaly/store';

const feedback = new FeedbackRepository();

export const handler = httpHandler(async (event) =>
  json(200, (await feedback.listRules(principalOf(event).tenantId)).map(suppressionRuleDocument)),
);

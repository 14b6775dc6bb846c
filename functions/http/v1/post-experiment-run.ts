import { studyRunHandler } from './study-run';

export const handler = studyRunHandler('experiment');

/** Objects written under `<DROP_PREFIX><tenant>/` are analysed: the drop folder and uploads alike. */
export const DROP_PREFIX = 'incoming/';

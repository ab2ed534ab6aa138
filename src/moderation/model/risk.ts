/** A comment's risk under its site's model, as stored and shown to moderators (no Node types: the dashboard uses it). */
export interface Risk {
  /** 0..1: how likely the site's moderators would reject it. */
  score: number;
  /** The log seq the model had applied when it scored. */
  modelVersion: number;
  /** The features that pushed the score up most. */
  top: { feature: string; weight: number }[];
}

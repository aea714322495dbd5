/** Which lines of tweeteval-sentiment.jsonl train the built-in model's neutral head; eval:listen measures on the others. */
export function isNeutralTrainingRow(row: { split?: string | undefined }, line: number): boolean {
  return row.split === 'val' || line % 2 === 0;
}

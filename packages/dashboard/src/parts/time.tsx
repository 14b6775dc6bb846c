/** A moment as the analyst's locale writes it, machine-readable in `dateTime`. */
export function Time({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

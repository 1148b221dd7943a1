// When an office counts as not heard from (docs/sync.md "Screens and the shared folder"): the Sync
// screen warns about an office whose last bundle arrived this many days ago or more, or never.
// A week: offices carry bundles at least weekly when a USB stick goes round with the collections.
export const SILENT_WARN_DAYS = 7;

/** `silentDays`: whole days since the office's last bundle was imported here; null: never. */
export function isSilent(silentDays: number | null): boolean {
  return silentDays === null || silentDays >= SILENT_WARN_DAYS;
}

/** The largest evidence file (佐证材料) accepted, in bytes: the server's LUOSHI_EVIDENCE_MAX_MB, 20 MB unless set. */
let maxEvidenceBytes = 20 * 1024 * 1024;

/** Sets the largest evidence file accepted (the server's LUOSHI_EVIDENCE_MAX_MB). */
export function configureEvidenceLimit(mb: number): void {
  maxEvidenceBytes = Math.round(mb * 1024 * 1024);
}

/** The largest evidence file accepted, in bytes (uploads are cut off just above it). */
export function evidenceLimitBytes(): number {
  return maxEvidenceBytes;
}

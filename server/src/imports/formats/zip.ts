// STUB — replaced by the formats (binary/CRS) helper. Safe zip reading (yauzl): bombs, slips, symlinks refused.
export {};

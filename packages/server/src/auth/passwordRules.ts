/** Shortest and longest password accepted (a passphrase, not a pattern). Pure: the web app shows it too. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

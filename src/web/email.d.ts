/** Types for `email.js`, a module the page loads as it is and the server imports. */
export declare const MAX_EMAIL_LENGTH: number;
export declare const EMAIL_PATTERN: RegExp;
export declare function isEmail(text: string): boolean;

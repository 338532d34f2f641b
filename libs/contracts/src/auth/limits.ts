export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const USER_AGENT_MAX_LENGTH = 512;
/** Six digits, 30-second steps (RFC 6238 defaults, what every authenticator app shows). */
export const TOTP_CODE_PATTERN = /^\d{6}$/;
export const RECOVERY_CODE_MAX_LENGTH = 64;
export const RECOVERY_CODE_COUNT = 10;
export const API_TOKEN_NAME_MAX_LENGTH = 120;
export const API_TOKEN_DESCRIPTION_MAX_LENGTH = 1000;
/** Opaque secrets issued by auth and presented back by clients (reset tokens, API tokens). */
export const OPAQUE_TOKEN_MAX_LENGTH = 256;

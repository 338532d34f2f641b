import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

/** Revokes the caller's session: its refresh tokens stop working at once. */
export class LogoutRequest {
  @IsUUID() sessionId!: string;
}

export const Logout = defineRpc<LogoutRequest, { revoked: boolean }>('auth.session.logout.v1', LogoutRequest);

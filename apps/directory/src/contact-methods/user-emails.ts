/**
 * The e-mail addresses that are a user's own: the profile's (the sign-in address) and every labelled address
 * they validated with a code (contact methods). Invitations addressed to any of them are theirs.
 * SQL fragments for `IN (…)` sub-queries; `param` is the placeholder of the user id or of a lower-cased e-mail.
 */
export const userEmailsSql = (userIdParam: string) =>
  `SELECT lower(ue_p.email) FROM profiles ue_p WHERE ue_p.user_id = ${userIdParam}
   UNION SELECT lower(ue_c.value) FROM contact_methods ue_c
    WHERE ue_c.user_id = ${userIdParam} AND ue_c.kind = 'email' AND ue_c.verified_at IS NOT NULL`;

/** The users who own the (lower-cased) e-mail address, by profile or by a validated labelled address. */
export const usersWithEmailSql = (emailParam: string) =>
  `SELECT uw_p.user_id FROM profiles uw_p WHERE lower(uw_p.email) = ${emailParam}
   UNION SELECT uw_c.user_id FROM contact_methods uw_c
    WHERE lower(uw_c.value) = ${emailParam} AND uw_c.kind = 'email' AND uw_c.verified_at IS NOT NULL`;

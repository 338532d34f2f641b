import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { defineRpc } from '../define';

export const CONTACT_KINDS = ['email', 'phone'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/;
export const CONTACT_CODE_PATTERN = /^[0-9]{6}$/;

/** A labelled e-mail address or phone number of the caller. */
export interface ContactMethodResponse {
  kind: ContactKind;
  label: string;
  value: string;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
}

export class ContactKindRequest {
  @IsIn(CONTACT_KINDS) kind!: ContactKind;
}
export class ContactLabelRequest extends ContactKindRequest {
  @IsString() @Matches(CONTACT_LABEL_PATTERN) label!: string;
}
/** `value` is checked per kind by the service (an e-mail address, or a phone number like +15551234567). */
export class AddContactMethodRequest extends ContactLabelRequest {
  @IsString() @IsNotEmpty() @MaxLength(254) value!: string;
}
export class VerifyContactMethodRequest extends ContactLabelRequest {
  @IsString() @Matches(CONTACT_CODE_PATTERN, { message: 'must be 6 digits' }) code!: string;
}

export const ListMyContactMethods = defineRpc<ContactKindRequest, { items: ContactMethodResponse[] }>(
  'directory.contact-method.list-mine.v1',
  ContactKindRequest,
);
/** Adds the address or number and sends a code to it (ContactVerificationRequested). 409: label used. */
export const AddContactMethod = defineRpc<AddContactMethodRequest, ContactMethodResponse>(
  'directory.contact-method.add.v1',
  AddContactMethodRequest,
);
/** Sends a fresh code (the previous one stops working). 409: already verified. */
export const SendContactVerification = defineRpc<ContactLabelRequest, { expiresAt: string }>(
  'directory.contact-method.send-code.v1',
  ContactLabelRequest,
);
/** 422: wrong code; 410: the code expired or too many wrong tries (ask for a new one). */
export const VerifyContactMethod = defineRpc<VerifyContactMethodRequest, ContactMethodResponse>(
  'directory.contact-method.verify.v1',
  VerifyContactMethodRequest,
);
/** 409: the last verified one of its kind. */
export const RemoveContactMethod = defineRpc<ContactLabelRequest, { removed: true }>(
  'directory.contact-method.remove.v1',
  ContactLabelRequest,
);

import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { COMPANY_DESCRIPTION_MAX_LENGTH, COMPANY_NAME_MAX_LENGTH } from './limits';

export const PROVIDER_ROLES = ['owner', 'admin'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export const CUSTOMER_IMPORT_MAX_BYTES = 512 * 1024;

export interface ProviderResponse {
  id: string;
  name: string;
  customersMayCreateCompanies: boolean;
  myRole: ProviderRole;
  createdAt: string;
  updatedAt: string;
}
export class CreateProviderRequest {
  @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
}
export const CreateProvider = defineRpc<CreateProviderRequest, ProviderResponse>(
  'directory.provider.create.v1',
  CreateProviderRequest,
);
/** The providers the caller administers. */
export class ListMyProvidersRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMyProviders = defineRpc<ListMyProvidersRequest, Page<ProviderResponse>>(
  'directory.provider.list-mine.v1',
  ListMyProvidersRequest,
);
export class ProviderIdRequest {
  @IsUUID() providerId!: string;
}
export const GetProvider = defineRpc<ProviderIdRequest, ProviderResponse>(
  'directory.provider.get.v1',
  ProviderIdRequest,
);
export class UpdateProviderRequest {
  @IsUUID() providerId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsBoolean() customersMayCreateCompanies?: boolean;
}
export const UpdateProvider = defineRpc<UpdateProviderRequest, ProviderResponse>(
  'directory.provider.update.v1',
  UpdateProviderRequest,
);

export interface ProviderAdministratorResponse {
  providerId: string;
  userId: string;
  email: string;
  displayName: string;
  role: ProviderRole;
  createdAt: string;
}
export class AddProviderAdministratorRequest {
  @IsUUID() providerId!: string;
  @IsEmail() @MaxLength(320) email!: string;
  @IsIn(PROVIDER_ROLES) role!: ProviderRole;
}
export const AddProviderAdministrator = defineRpc<
  AddProviderAdministratorRequest,
  ProviderAdministratorResponse
>('directory.provider.add-administrator.v1', AddProviderAdministratorRequest);
export const ListProviderAdministrators = defineRpc<
  ProviderIdRequest,
  { items: ProviderAdministratorResponse[] }
>('directory.provider.list-administrators.v1', ProviderIdRequest);
export class ListProviderAdministratorsRequest {
  @IsUUID() providerId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
/** v2: the list grammar (sort, filter, paging) and the total; v1 (all, in order of joining) stays for older gateways. */
export const ListProviderAdministratorsPage = defineRpc<
  ListProviderAdministratorsRequest,
  Page<ProviderAdministratorResponse>
>('directory.provider.list-administrators.v2', ListProviderAdministratorsRequest);
export class ProviderAdministratorRequest {
  @IsUUID() providerId!: string;
  @IsUUID() userId!: string;
}
export const RemoveProviderAdministrator = defineRpc<ProviderAdministratorRequest, { removed: true }>(
  'directory.provider.remove-administrator.v1',
  ProviderAdministratorRequest,
);

export interface CustomerResponse {
  id: string;
  providerId: string;
  name: string;
  description: string | null;
  activeSeats: number;
  createdAt: string;
  updatedAt: string;
}
export class CreateCustomerRequest {
  @IsUUID() providerId!: string;
  @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description?: string | null;
  /** An existing user who becomes the customer's owner; without it the customer starts with no members. */
  @IsOptional() @IsEmail() @MaxLength(320) ownerEmail?: string;
}
export const CreateCustomer = defineRpc<CreateCustomerRequest, CustomerResponse>(
  'directory.provider.create-customer.v1',
  CreateCustomerRequest,
);
export class ListCustomersRequest {
  @IsUUID() providerId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListCustomers = defineRpc<ListCustomersRequest, Page<CustomerResponse>>(
  'directory.provider.list-customers.v1',
  ListCustomersRequest,
);
export class CustomerRequest {
  @IsUUID() providerId!: string;
  @IsUUID() companyId!: string;
}
export const GetCustomer = defineRpc<CustomerRequest, CustomerResponse>(
  'directory.provider.get-customer.v1',
  CustomerRequest,
);
export class UpdateCustomerRequest {
  @IsUUID() providerId!: string;
  @IsUUID() companyId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description?: string | null;
}
export const UpdateCustomer = defineRpc<UpdateCustomerRequest, CustomerResponse>(
  'directory.provider.update-customer.v1',
  UpdateCustomerRequest,
);
export const DeleteCustomer = defineRpc<CustomerRequest, { deleted: true }>(
  'directory.provider.delete-customer.v1',
  CustomerRequest,
);
export class CustomerExistsRequest {
  @IsUUID() providerId!: string;
  @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
}
export const CustomerExists = defineRpc<CustomerExistsRequest, { exists: boolean; companyId: string | null }>(
  'directory.provider.customer-exists.v1',
  CustomerExistsRequest,
);
export const ExportCustomers = defineRpc<ProviderIdRequest, { csv: string }>(
  'directory.provider.export-customers.v1',
  ProviderIdRequest,
);
/** CSV with a header `name,description`; all or nothing, a bad line is a 400 naming it. */
export class ImportCustomersRequest {
  @IsUUID() providerId!: string;
  @IsString() @MaxLength(CUSTOMER_IMPORT_MAX_BYTES) csv!: string;
}
export const ImportCustomers = defineRpc<ImportCustomersRequest, { total: number; created: number }>(
  'directory.provider.import-customers.v1',
  ImportCustomersRequest,
);

import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;
export const FILTER_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between', 'search', 'in'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export class SortTerm {
  @IsString() field!: string;
  @IsIn(['asc', 'desc']) direction!: 'asc' | 'desc';
}

export class FilterTerm {
  @IsString() field!: string;
  @IsIn(FILTER_OPERATORS) op!: FilterOperator;
  /** One value, or several for `in` and `between`. */
  @IsString({ each: true }) values!: string[];
}

/** A parsed list query as it travels from the gateway to a service. */
export class ListQuery {
  @IsInt() @Min(1) @Max(LIST_LIMIT_MAX) limit: number = LIST_LIMIT_DEFAULT;
  @IsInt() @Min(0) skip: number = 0;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => SortTerm) sort: SortTerm[] = [];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => FilterTerm) filter: FilterTerm[] = [];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  skip: number;
}

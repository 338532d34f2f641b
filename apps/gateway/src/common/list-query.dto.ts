import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '@roster/contracts';

/** The query string every list accepts; `parseListQuery` checks it against the endpoint's spec. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: LIST_LIMIT_MAX, default: LIST_LIMIT_DEFAULT })
  @IsOptional()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ minimum: 0, default: 0 }) @IsOptional() @IsString() skip?: string;

  @ApiPropertyOptional({
    description: 'Comma separated fields; prefix `-` for descending',
    example: '-createdAt,name',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sort?: string;

  @ApiPropertyOptional({
    description:
      'Repeatable `field:op:value`; ops eq ne gt ge lt le between search in (`in`/`between` values split by `|`)',
    example: 'name:search:acme',
    type: [String],
  })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  filter?: string | string[];
}

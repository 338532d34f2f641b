import { IsEmail, IsInt, IsString, Min, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString() name!: string;
}
class Child extends Base {
  @IsInt() @Min(1) count!: number;
}

const errorsOf = async (cls: new () => object, plain: object) =>
  (await validate(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }))
    .map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).join(',')}`)
    .sort();

describe('cached class-validator metadata lookups', () => {
  beforeAll(() => cacheValidationMetadata()); // idempotent: the module already applied it

  it('validates the same, inherited rules included, on every call', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await errorsOf(Child, { name: 'a', count: 2 })).toEqual([]);
      expect(await errorsOf(Child, { name: 3, count: 0, extra: true })).toEqual([
        'count:min',
        'extra:whitelistValidation',
        'name:isString',
      ]);
      expect(await errorsOf(Base, { name: 'a', count: 2 })).toEqual(['count:whitelistValidation']);
    }
  });

  it('sees rules of a class declared after the first lookups', async () => {
    expect(await errorsOf(Child, { name: 'a', count: 1 })).toEqual([]);
    class Later extends Child {
      @IsEmail() email!: string;
    }
    expect(await errorsOf(Later, { name: 'a', count: 1, email: 'nope' })).toEqual(['email:isEmail']);
    expect(await errorsOf(Later, { name: 'a', count: 0, email: 'a@b.test' })).toEqual(['count:min']);
  });
});

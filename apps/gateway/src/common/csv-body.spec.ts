import { IsNotEmpty, IsString } from 'class-validator';
import { AppError } from '@roster/contracts';
import { CsvOrJsonBodyPipe, csvOf, isCsvContentType } from './csv-body';

class CsvDto {
  @IsString() @IsNotEmpty() csv!: string;
}

describe('CSV or JSON bodies', () => {
  const pipe = new CsvOrJsonBodyPipe(CsvDto);

  it('recognises the CSV content types, with parameters and in any case', () => {
    expect(isCsvContentType('text/csv')).toBe(true);
    expect(isCsvContentType('Application/CSV; charset=utf-8')).toBe(true);
    expect(isCsvContentType('text/plain')).toBe(false);
    expect(isCsvContentType(undefined)).toBe(false);
  });

  it('passes a CSV body through and validates a JSON one like the global pipe', async () => {
    expect(await pipe.transform('email\na@example.com')).toBe('email\na@example.com');
    expect(await pipe.transform({ csv: 'email' })).toEqual({ csv: 'email' });
    await expect(pipe.transform({ csv: 'email', extra: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'extra' })],
    });
    await expect(pipe.transform({})).rejects.toBeInstanceOf(AppError);
  });

  it('takes the CSV text by content type; anything else is a 415', () => {
    expect(csvOf('a,b', 'text/csv')).toBe('a,b');
    expect(csvOf({ csv: 'a,b' }, 'application/json; charset=utf-8')).toBe('a,b');
    const wrong = () => csvOf('a,b', 'text/plain');
    expect(wrong).toThrow(AppError);
    expect(() => csvOf({ csv: 'a,b' }, 'text/csv')).toThrow(/text\/csv/);
  });
});

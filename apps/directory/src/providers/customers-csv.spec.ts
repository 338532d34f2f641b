import { AppError } from '@roster/contracts';
import { customersToCsv, parseCustomersCsv } from './customers-csv';

const refusal = (csv: string) => {
  try {
    parseCustomersCsv(csv);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

describe('parseCustomersCsv', () => {
  it('reads name and description with quoting, numbering lines as in the file', () => {
    expect(parseCustomersCsv('name,description\nAcme,"Widgets, gadgets"\n"Beta ""B""",\n')).toEqual([
      { line: 2, name: 'Acme', description: 'Widgets, gadgets' },
      { line: 3, name: 'Beta "B"', description: null },
    ]);
  });

  it('names the bad line: blank name, duplicate, too long', () => {
    expect(refusal('name\nA\n\n   \n').errors).toEqual([
      { field: 'line 4', message: 'name must not be blank' },
    ]);
    expect(refusal('name\nA\nB\na\n').errors?.[0]).toEqual({
      field: 'line 4',
      message: 'name "a" appears twice',
    });
    expect(refusal(`name\n${'x'.repeat(121)}\n`).errors?.[0].field).toBe('line 2');
  });

  it('refuses a missing or unknown header and an empty file', () => {
    expect(refusal('title\nA\n').errors?.[0].field).toBe('line 1');
    expect(refusal('name,plan\nA,gold\n').errors?.[0].field).toBe('line 1');
    expect(refusal('name\n').code).toBe('VALIDATION_FAILED');
  });
});

describe('customersToCsv', () => {
  it('quotes what needs quoting', () => {
    const csv = customersToCsv([
      {
        id: 'i',
        providerId: 'p',
        name: 'A, "B"',
        description: null,
        activeSeats: 2,
        createdAt: 't',
        updatedAt: 't',
      },
    ]);
    expect(csv).toBe('id,name,description,activeSeats,createdAt\ni,"A, ""B""",,2,t\n');
  });
});

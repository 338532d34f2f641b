import { AppError } from '@roster/contracts';
import { parseMemberCsv } from './member-csv';

const fieldsOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('parseMemberCsv', () => {
  it('reads rows with their line numbers; role defaults to member', () => {
    const result = parseMemberCsv('Email,Role\nann@example.com,admin\n\nbob@example.com,\n');
    expect(result.total).toBe(2);
    expect(result.rows).toEqual([
      { line: 2, email: 'ann@example.com', role: 'admin' },
      { line: 4, email: 'bob@example.com', role: 'member' },
    ]);
    expect(result.failures).toEqual([]);
  });

  it('fails bad rows with a reason, keeps the good ones', () => {
    const result = parseMemberCsv(
      'email,role\nnot-an-email,member\nann@example.com,owner\nbob@example.com,member\nBOB@example.com,admin\n',
    );
    expect(result.rows.map((r) => r.email)).toEqual(['bob@example.com']);
    expect(result.failures).toEqual([
      { line: 2, email: 'not-an-email', reason: 'not an e-mail address' },
      { line: 3, email: 'ann@example.com', reason: 'role must be one of member, admin' },
      { line: 5, email: 'bob@example.com', reason: 'the e-mail appears earlier in the file' },
    ]);
  });

  it('is a 400 naming the line for a malformed file', () => {
    const error = fieldsOf(() =>
      parseMemberCsv('email,role\nann@example.com,member\n"bob@example.com,member\n'),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^line \d+:/);
    const ragged = fieldsOf(() => parseMemberCsv('email,role\nann@example.com,member,extra\n'));
    expect(ragged.message).toMatch(/^line 2:/);
  });

  it('is a 400 for a file without an email column or an empty file', () => {
    expect(fieldsOf(() => parseMemberCsv('name,role\nAnn,member\n')).message).toBe(
      'line 1: the header has no email column',
    );
    expect(fieldsOf(() => parseMemberCsv('')).message).toMatch(/^line 1:/);
  });
});

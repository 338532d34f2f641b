import { redirectUriProblem, withParams } from './redirect-uri';

describe('redirect URIs', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(redirectUriProblem('https://app.example/callback')).toBeNull();
    expect(redirectUriProblem('http://localhost:8080/cb')).toBeNull();
    expect(redirectUriProblem('http://127.0.0.1/cb')).toBeNull();
    expect(redirectUriProblem('http://app.example/cb')).toMatch(/https/);
    expect(redirectUriProblem('javascript:alert(1)')).toMatch(/https/);
  });

  it('refuses relative URLs, fragments and credentials', () => {
    expect(redirectUriProblem('/callback')).toMatch(/absolute/);
    expect(redirectUriProblem('https://app.example/cb#x')).toMatch(/fragment/);
    expect(redirectUriProblem('https://u:p@app.example/cb')).toMatch(/credentials/);
  });

  it('adds parameters, keeping the registered query', () => {
    expect(withParams('https://app.example/cb?x=1', { code: 'a b', state: null })).toBe(
      'https://app.example/cb?x=1&code=a+b',
    );
  });
});

import { checkWebhookUrl, guardedLookup, refusedAddressReason } from './url-guard';

describe('webhook URL guard', () => {
  it.each(['10.0.0.1', '192.168.1.5', '172.16.0.1', '127.0.0.1', '::1', 'fc00::1', '100.64.0.1'])(
    'refuses the private/loopback address %s unless private networks are allowed',
    (ip) => {
      expect(refusedAddressReason(ip, false)).toMatch(/range/);
      expect(refusedAddressReason(ip, true)).toBeNull();
    },
  );

  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '0.0.0.0',
    'fe80::1',
    '::',
    '224.0.0.1',
    '255.255.255.255',
    '::ffff:169.254.169.254',
  ])(
    'always refuses %s (link-local, metadata, unspecified, multicast), even when private networks are allowed',
    (ip) => {
      expect(refusedAddressReason(ip, true)).toMatch(/range/);
      expect(refusedAddressReason(ip, false)).toMatch(/range/);
    },
  );

  it('judges IPv4-mapped IPv6 as IPv4', () => {
    expect(refusedAddressReason('::ffff:10.0.0.1', false)).toMatch(/private/);
  });

  it('accepts public unicast addresses', () => {
    expect(refusedAddressReason('93.184.215.14', false)).toBeNull();
    expect(refusedAddressReason('2606:2800:21f:cb07:6820:80da:af6b:8b2c', false)).toBeNull();
  });

  it('accepts only http(s) URLs without credentials whose host is allowed', async () => {
    await expect(checkWebhookUrl('ftp://93.184.215.14/x', false)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('not a url', false)).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(checkWebhookUrl('http://user:pw@93.184.215.14/', false)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('http://10.0.0.1/hook', false)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('http://localhost:8080/hook', false)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('http://[::1]:8080/hook', false)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('http://169.254.169.254/latest/meta-data', true)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('http://0.0.0.0:80/', true)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    await expect(checkWebhookUrl('https://93.184.215.14/hook', false)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://localhost:8080/hook', true)).resolves.toBeInstanceOf(URL);
  });

  it('checks the address again when connecting (a name that now resolves to loopback is refused)', async () => {
    const lookup = guardedLookup(false);
    const result = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(result.error?.message).toMatch(/address refused/);
    const allowed = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup(true)('localhost', {}, (error, address) => resolve({ error, address })),
    );
    expect(allowed.error).toBeNull();
    expect(allowed.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

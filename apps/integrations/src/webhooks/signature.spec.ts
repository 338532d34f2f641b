import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './signature';

describe('Standard Webhooks signature', () => {
  it('matches the Standard Webhooks reference vector', () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is an HMAC-SHA256 over id.timestamp.body with the decoded secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update('id1.42.{"a":1}').digest('base64');
    expect(signWebhook(secret, 'id1', 42, '{"a":1}')).toBe(`v1,${mac}`);
  });

  it('sends one signature per secret during a rotation, and either verifies', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([newSecret, oldSecret], 'id2', 7, 'body');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(oldSecret, 'id2', '7', 'body', headers['webhook-signature'])).toBe(true);
    expect(verifyWebhook(newSecret, 'id2', '7', 'body', headers['webhook-signature'])).toBe(true);
    expect(verifyWebhook(newWebhookSecret(), 'id2', '7', 'body', headers['webhook-signature'])).toBe(false);
    expect(verifyWebhook(newSecret, 'id2', '7', 'tampered', headers['webhook-signature'])).toBe(false);
  });
});

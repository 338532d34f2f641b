import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationsConfig } from '../config/integrations.config';
import { SmsSender, TwilioSmsSender, twilioSettings } from './sms-sender';
import { SmsService } from './sms.service';
import { SmsWorker } from './sms-worker';

/** The SMS channel: an outbox (`sms_outbox`), a worker and the Twilio adapter of the SmsSender port. */
@Module({
  providers: [
    SmsService,
    {
      provide: SmsSender,
      inject: [IntegrationsConfig],
      useFactory: (config: IntegrationsConfig): SmsSender | null => {
        const settings = twilioSettings(config);
        return settings ? new TwilioSmsSender(settings) : null;
      },
    },
    {
      provide: SmsWorker,
      inject: [DataSource, IntegrationsConfig, SmsSender],
      useFactory: (dataSource: DataSource, config: IntegrationsConfig, sender: SmsSender | null) =>
        new SmsWorker(dataSource, config, sender),
    },
  ],
  exports: [SmsService],
})
export class SmsModule {}

import { Module } from '@nestjs/common';
import { SmsModule } from '../sms/sms.module';
import { EmailService } from './email.service';
import { MailListeners } from './mail-listeners';
import { Mailer } from './mailer';

@Module({
  imports: [SmsModule],
  providers: [EmailService, MailListeners, Mailer],
  exports: [EmailService],
})
export class EmailModule {}

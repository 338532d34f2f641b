import { Module } from '@nestjs/common';
import { EmailService } from './email.service';
import { MailListeners } from './mail-listeners';
import { Mailer } from './mailer';

@Module({
  providers: [EmailService, MailListeners, Mailer],
  exports: [EmailService],
})
export class EmailModule {}

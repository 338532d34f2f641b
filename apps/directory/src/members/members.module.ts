import { Module } from '@nestjs/common';
import { MembersHandler } from './members.handler';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

@Module({
  controllers: [MembersHandler],
  providers: [MembersService, MembersRepository],
  exports: [MembersRepository],
})
export class MembersModule {}

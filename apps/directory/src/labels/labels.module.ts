import { Module } from '@nestjs/common';
import { LabelsHandler } from './labels.handler';
import { LabelsService } from './labels.service';

@Module({ controllers: [LabelsHandler], providers: [LabelsService] })
export class LabelsModule {}

// Shared Jest setup for every project (see jest.preset.js).
import 'reflect-metadata';
import { applyTestEnvDefaults } from './test-env';

applyTestEnvDefaults();

import { bootstrapService } from '@streamkit/nest';
import { AppModule } from './app.module.js';
import { wordCountAppOptions } from './word-count-app.js';

await bootstrapService(AppModule.forRoot(), wordCountAppOptions);

import { bootstrapService } from '@streamkit/nest';
import { AppModule } from './app.module.js';
import { producerAppOptions } from './producer-app.js';

await bootstrapService(AppModule.forRoot(), producerAppOptions);

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at `/docs`, the document itself at `/docs/json`. */
export function setupOpenApi(app: INestApplication, title: string, description = ''): void {
  const document = new DocumentBuilder().setTitle(title).setDescription(description).build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'docs/json',
  });
}

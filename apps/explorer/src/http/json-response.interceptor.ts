import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { PlainText, RawJson } from './raw-json';

/**
 * The reference answers every handler with JSON, `null` when there is no object. Precomputed wire JSON
 * (RawJson) is sent verbatim, so stored workloads are never re-serialised on the hot path.
 */
@Injectable()
export class JsonResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (value instanceof PlainText) {
          void reply.type(value.contentType);
          return value.text;
        }
        void reply.type('application/json; charset=utf-8');
        if (value instanceof RawJson) return value.text;
        if (value === null || value === undefined) return 'null';
        return JSON.stringify(value);
      }),
    );
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Req } from '../auth/signed.decorators';
import { SignatureVerifier } from '../auth/signature-verifier.service';
import { parseId } from '../http/ids';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { apiPaths } from '../http/routes';
import { CreateUserDto, UpdateUserDto, UserView, ValidateSignatureDto } from './user.dto';
import { PhonebookService } from './phonebook.service';
import { ApiOperationDoc } from '../http/openapi';

@ApiTags('phonebook')
@Controller(apiPaths('users'))
export class PhonebookController {
  constructor(
    private readonly phonebook: PhonebookService,
    private readonly verifier: SignatureVerifier,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOkResponse({ type: UserView })
  @ApiOperationDoc({
    summary: 'Register a user (name, email, hex ed25519 public key)',
    ok: [201, 'the user with its id (tid)'],
    errors: [400, 409],
  })
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.phonebook.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [UserView] })
  @ApiOperationDoc({
    summary: 'List users, filtered by name or email',
    ok: [200, 'users; email only for requests signed by a registered user'],
    errors: [400],
  })
  async list(
    @Query() query: Record<string, string>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView[]> {
    const revealEmail = (await this.verifier.optionalUser(req)) !== null;
    const page = await this.phonebook.list(
      { name: query.name, email: query.email },
      pageRequest(query),
      revealEmail,
    );
    setPageHeaders(reply, page);
    return page.items;
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  @ApiOperationDoc({
    summary: 'One user',
    ok: [200, 'the user; email only for requests signed by a registered user'],
    errors: [400, 404],
  })
  async get(@Param('id') id: string, @Req() req: FastifyRequest): Promise<UserView> {
    const userId = parseId(id, 'user id');
    return this.phonebook.get(userId, (await this.verifier.optionalUser(req)) !== null);
  }

  @Put(':id')
  @HttpCode(200)
  @ApiOperationDoc({
    summary: 'Update email, host or description (body-signed by the stored key)',
    ok: [200, 'null'],
    errors: [400, 404, 409],
  })
  update(@Param('id') id: string, @Body() body: UpdateUserDto): Promise<void> {
    return this.phonebook.update(parseId(id, 'user id'), body);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperationDoc({
    summary: "Check a signature by the user's key",
    ok: [200, '{"is_valid": bool}'],
    errors: [400, 404],
  })
  validate(@Param('id') id: string, @Body() body: ValidateSignatureDto): Promise<{ is_valid: boolean }> {
    return this.phonebook.validateSignature(parseId(id, 'user id'), body.payload, body.signature);
  }
}

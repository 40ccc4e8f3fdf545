import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { TextLimit } from '../http/go-decode.pipe';

/** POST /users: only name, email and pubkey are used; other keys are ignored like the reference. */
export class CreateUserDto {
  @ApiProperty({ example: 'alice.3bot' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 'alice@example.com' })
  @IsOptional()
  @IsString()
  email: string = '';

  @ApiProperty({ description: 'hex of the 32-byte ed25519 public key' })
  @IsString()
  pubkey!: string;
}

/** PUT /users/{id}: body-signed over decimal(id)+name+email+host+description+pubkey, values as sent. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  email: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  host: string = '';

  @ApiPropertyOptional({ description: 'at most 1024 characters' })
  @IsOptional()
  @IsString()
  @TextLimit(1024)
  description: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  pubkey: string = '';

  @ApiProperty({ description: 'hex ed25519 signature by the stored key' })
  @IsOptional()
  @IsString()
  sender_signature_hex: string = '';
}

export class ValidateSignatureDto {
  @ApiProperty({ description: 'hex of the signed bytes, at most 65536 characters (never stored)' })
  @IsString()
  @TextLimit(65536)
  payload!: string;

  @ApiProperty({ description: 'hex ed25519 signature' })
  @IsString()
  signature!: string;
}

export class UserView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'blank unless the request carries a valid user HTTP signature' })
  email!: string;
  @ApiProperty() pubkey!: string;
  @ApiProperty() host!: string;
  @ApiProperty() description!: string;
}

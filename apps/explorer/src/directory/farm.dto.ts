import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { GeoLocation, ResourcePrice, WalletAddress } from '@app/persistence';
import { IsAmount, IsUnsigned, LocationDto } from './common.dto';

export class WalletAddressDto {
  @ApiProperty({ example: 'TFT' })
  @IsString()
  asset!: string;

  @ApiProperty()
  @IsString()
  address!: string;
}

export class ResourcePriceDto {
  @ApiProperty({ description: '0 EUR, 1 USD, 2 TFT, 3 AED, 4 GBP' })
  @IsInt()
  @Min(0)
  @Max(4)
  currency!: number;

  @ApiPropertyOptional() @IsOptional() @IsAmount() cru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() mru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() hru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() sru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() nru: number = 0;
}

/** POST /farms: the farm as the reference's clients send it; `id` and unknown keys are ignored. */
export class CreateFarmDto {
  @ApiProperty({ description: 'owner tid' })
  @IsOptional()
  @IsUnsigned()
  threebot_id: number = 0;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  iyo_organization: string = '';

  @ApiProperty()
  @IsOptional()
  @IsString()
  name: string = '';

  @ApiProperty({ type: [WalletAddressDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WalletAddressDto)
  wallet_addresses: WalletAddressDto[] = [];

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto = new LocationDto();

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  email: string = '';

  @ApiPropertyOptional({ type: [ResourcePriceDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ResourcePriceDto)
  resource_prices: ResourcePriceDto[] = [];

  @ApiPropertyOptional({ description: 'CIDR of the farm /48 allocation' })
  @IsOptional()
  @IsString()
  prefix_zero: string = '';
}

/** PUT /farms/{id} by the owner: omitted fields keep their value (era clients do not know the new setting). */
export class UpdateFarmDto {
  @ApiPropertyOptional({ description: 'new owner tid (ownership transfer)' })
  @IsOptional()
  @IsUnsigned()
  threebot_id?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  iyo_organization?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: [WalletAddressDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WalletAddressDto)
  wallet_addresses?: WalletAddressDto[];

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  email?: string;

  @ApiPropertyOptional({ type: [ResourcePriceDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ResourcePriceDto)
  resource_prices?: ResourcePriceDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  prefix_zero?: string;

  @ApiPropertyOptional({
    description: 'workloads on this farm wait for the farm owner to sign them (POST .../sign/farmer)',
  })
  @IsOptional()
  @IsBoolean()
  require_farmer_signature?: boolean;
}

export class FarmView {
  @ApiProperty() id!: number;
  @ApiProperty() threebot_id!: number;
  @ApiProperty() iyo_organization!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [WalletAddressDto] }) wallet_addresses!: WalletAddress[];
  @ApiProperty({ type: LocationDto }) location!: GeoLocation;
  @ApiProperty({ description: 'blank unless the request carries a valid user HTTP signature' })
  email!: string;
  @ApiProperty({ type: [ResourcePriceDto] }) resource_prices!: ResourcePrice[];
  @ApiProperty() prefix_zero!: string;
  @ApiProperty() require_farmer_signature!: boolean;
}

export class FarmCreatedView {
  @ApiProperty() id!: number;
}

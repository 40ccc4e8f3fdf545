import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { HostRegistrationDto, HostView, LocationDto } from './common.dto';
import { ResourcesView } from './node.dto';

/** POST /gateways, signed by the gateway; these fields replace the stored ones on every registration. */
export class RegisterGatewayDto extends HostRegistrationDto {
  @ApiProperty()
  @IsString()
  node_id!: string;

  @ApiProperty()
  @IsOptional()
  @IsString()
  public_key_hex: string = '';

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto = new LocationDto();

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  address: string = '';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  managed_domains: string[] = [];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  tcp_router_port: number = 0;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  dns_nameserver: string[] = [];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  free_to_use: boolean = false;
}

export class GatewayView extends HostView {
  @ApiProperty({ type: [String] }) managed_domains!: string[];
  @ApiProperty() tcp_router_port!: number;
  @ApiProperty({ type: [String] }) dns_nameserver!: string[];
  @ApiProperty({ type: ResourcesView, description: 'last reserved_resources report (additive)' })
  reserved_resources!: ResourcesView;
}

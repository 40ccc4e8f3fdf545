import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { NodeIface, PublicConfig } from '@app/persistence';
import { HostRegistrationDto, HostView, IsAmount, IsUnsigned, LocationDto } from './common.dto';

/** POST /nodes: only these registration fields are read (decisions.md §2.7); anything else is dropped. */
export class RegisterNodeDto extends HostRegistrationDto {
  @ApiProperty({ description: 'base58 of the ed25519 public key' })
  @IsString()
  node_id!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  hostname: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  node_id_v1: string = '';

  @ApiProperty({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto = new LocationDto();

  @ApiProperty({ description: 'hex of the same 32-byte key' })
  @IsOptional()
  @IsString()
  public_key_hex: string = '';
}

export class ResourcesDto {
  @ApiPropertyOptional({ description: 'logical CPUs' }) @IsOptional() @IsUnsigned() cru: number = 0;
  @ApiPropertyOptional({ description: 'GiB' }) @IsOptional() @IsAmount() mru: number = 0;
  @ApiPropertyOptional({ description: 'GiB' }) @IsOptional() @IsAmount() hru: number = 0;
  @ApiPropertyOptional({ description: 'GiB' }) @IsOptional() @IsAmount() sru: number = 0;
}

/** POST /nodes/{id}/capacity: total resources plus the hardware proof (kept opaque). */
export class CapacityReportDto {
  @ApiProperty({ type: ResourcesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ResourcesDto)
  capacity!: ResourcesDto;

  @ApiPropertyOptional({ description: 'dmidecode {tooling, sections}' })
  @IsOptional()
  @IsObject()
  dmi: Record<string, unknown> = {};

  @ApiPropertyOptional({ description: '{aggregator, environment, devices, tool}' })
  @IsOptional()
  @IsObject()
  disks: Record<string, unknown> = {};

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  hypervisor: string[] = [];
}

export class IfaceDto {
  @ApiProperty()
  @IsString()
  name!: string;

  @ApiPropertyOptional({ type: [String], description: 'CIDRs' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  addrs: string[] = [];

  @ApiPropertyOptional({ type: [String], description: 'IPs' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  gateway: string[] = [];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  macaddress: string = '';
}

export class PortsDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(65535, { each: true })
  ports!: number[];
}

/** POST /nodes/{id}/configure_public by the farmer; checked as in directory.md §6.5. */
export class PublicConfigDto {
  @ApiProperty({ description: 'parent interface, ≤ 16 chars' })
  @IsOptional()
  @IsString()
  master: string = '';

  @ApiProperty({ description: '0 = macvlan (the only one accepted)' })
  @IsOptional()
  @IsInt()
  type: number = 0;

  @ApiProperty({ example: '185.69.166.10/24' })
  @IsOptional()
  @IsString()
  ipv4: string = '';

  @ApiProperty({ example: '2a02:1802:5e::10/64' })
  @IsOptional()
  @IsString()
  ipv6: string = '';

  @ApiProperty()
  @IsOptional()
  @IsString()
  gw4: string = '';

  @ApiProperty()
  @IsOptional()
  @IsString()
  gw6: string = '';
}

export class ConfigureFreeDto {
  @ApiProperty()
  @IsBoolean()
  free_to_use!: boolean;
}

export class ResourcesView {
  @ApiProperty() cru!: number;
  @ApiProperty() mru!: number;
  @ApiProperty() hru!: number;
  @ApiProperty() sru!: number;
}

export class ProofView {
  @ApiProperty() created!: number;
  @ApiProperty() hardware_hash!: string;
  @ApiProperty() disk_hash!: string;
  @ApiProperty() hardware!: object;
  @ApiProperty() disks!: object;
  @ApiProperty({ type: [String] }) hypervisor!: string[];
}

export class NodeView extends HostView {
  @ApiProperty() hostname!: string;
  @ApiProperty() node_id_v1!: string;
  @ApiProperty({ type: ResourcesView }) total_resources!: ResourcesView;
  @ApiProperty({ type: ResourcesView, description: 'never written (reference); always zeros' })
  used_resources!: ResourcesView;
  @ApiProperty({ type: ResourcesView, description: "the node's used_resources report" })
  reserved_resources!: ResourcesView;
  @ApiProperty({ type: [ProofView], nullable: true, description: 'null unless proofs=true' }) proofs!:
    ProofView[] | null;
  @ApiProperty({ type: [IfaceDto] }) ifaces!: NodeIface[];
  @ApiProperty({ type: PublicConfigDto, nullable: true }) public_config!: PublicConfig | null;
  @ApiProperty() approved!: boolean;
  @ApiProperty({ type: [Number] }) wg_ports!: number[];
  @ApiProperty() deleted!: boolean;
}

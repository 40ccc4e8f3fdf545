import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import type { GeoLocation, WorkloadCounters } from '@app/persistence';

/** A JSON integer that fits our int64 columns and JS numbers (ids, seconds, counters). */
export const IsUnsigned = () => applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));
/** A finite, non-negative JSON number (GiB amounts). */
export const IsAmount = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0));

/** `{city, country, continent, latitude, longitude}` of farms, nodes and gateways. */
export class LocationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  city: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  country: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  continent: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number = 0;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number = 0;
}

/** Flat resources + workload counters: a node's used_resources and a gateway's reserved_resources. */
export class ReservedResourcesDto {
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() cru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() mru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() hru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsAmount() sru: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() network: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() network_resource: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() volume: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() zdb_namespace: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() container: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() k8s_vm: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() generic_vm: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() proxy: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() reverse_proxy: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() subdomain: number = 0;
  @ApiPropertyOptional() @IsOptional() @IsUnsigned() delegate_domain: number = 0;
}

export class UptimeDto {
  @ApiPropertyOptional({ description: 'seconds since boot' })
  @IsUnsigned()
  uptime!: number;
}

/** Registration fields a node (POST /nodes) and a gateway (POST /gateways) validate alike. */
export abstract class HostRegistrationDto {
  @ApiProperty()
  @IsUnsigned()
  farm_id!: number;

  @ApiProperty()
  @IsOptional()
  @IsString()
  os_version: string = '';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUnsigned()
  uptime: number = 0;
}

/** What the node and gateway views both show. */
export abstract class HostView {
  @ApiProperty() id!: number;
  @ApiProperty() node_id!: string;
  @ApiProperty() farm_id!: number;
  @ApiProperty() os_version!: string;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() uptime!: number;
  @ApiProperty() address!: string;
  @ApiProperty({ type: LocationDto }) location!: GeoLocation;
  @ApiProperty() public_key_hex!: string;
  @ApiProperty() workloads!: WorkloadCounters;
  @ApiProperty() free_to_use!: boolean;
  @ApiProperty({ description: 'updated within NODE_ONLINE_THRESHOLD_SECONDS (additive)' }) online!: boolean;
}

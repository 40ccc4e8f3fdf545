import { Module } from '@nestjs/common';
import { FarmsController } from './farms.controller';
import { FarmsService } from './farms.service';
import { GatewaysController } from './gateways.controller';
import { GatewaysService } from './gateways.service';
import { NodesController } from './nodes.controller';
import { NodesService } from './nodes.service';

/** Farms, nodes and gateways (directory.md §5–§8). */
@Module({
  controllers: [FarmsController, NodesController, GatewaysController],
  providers: [FarmsService, NodesService, GatewaysService],
  exports: [FarmsService, NodesService, GatewaysService],
})
export class DirectoryModule {}

import { Module } from '@nestjs/common';
import { WorkloadStateModule } from '../workload-state';
import { CommittedCeiling } from './committed-ceiling.service';
import { NodePollRoute } from './node-poll.route';
import { NodeWorkController } from './node-work.controller';
import { NodeWorkNotifier } from './node-work-notifier.service';
import { NodeWorkService } from './node-work.service';

/** Node polls (with long polls), results and deletion confirmations (workloads.md §7). */
@Module({
  imports: [WorkloadStateModule],
  controllers: [NodeWorkController],
  providers: [NodeWorkService, CommittedCeiling, NodeWorkNotifier, NodePollRoute],
  exports: [CommittedCeiling],
})
export class NodeWorkModule {}

import { Injectable } from '@nestjs/common';
import { NODE_WORK_CHANNEL, NodeWorkRepository } from '@app/persistence';
import { ChannelNotifier } from '../database/channel-notifier';

/** Wakes node long polls when work is queued for the node (payload = node id). */
@Injectable()
export class NodeWorkNotifier extends ChannelNotifier {
  constructor(repository: NodeWorkRepository) {
    super(NODE_WORK_CHANNEL, () => repository.primaryUrl());
  }
}

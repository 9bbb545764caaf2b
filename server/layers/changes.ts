/**
 * Tells the parts of the service that cache a layer (tile indexes) that it changed.
 * Emitted after a write has committed and before its response is sent.
 */
import { EventEmitter } from 'node:events';

export interface LayerChange {
  layer: string;
  id: number;
  op: 'insert' | 'update' | 'delete';
}

export class LayerChanges {
  private readonly emitter = new EventEmitter();

  notify(change: LayerChange): void {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: LayerChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}

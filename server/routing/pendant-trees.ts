/**
 * The trees that hang off the road network: tracks and footpaths that end at a house, a risk site
 * or a shelter, and the branches they grow from. Pruning the nodes of degree one, again and again,
 * leaves the core (the network's cycles and the paths between them); every pruned node has one
 * parent, its only way towards the core. A province's network is 61 % such nodes.
 *
 * A search needs the heap only for the core: within a tree, a node's best way either stays in its
 * subtree (climbing from the seeds below it) or goes through its parent (descending once the parent
 * is settled). See runSearch.
 *
 * Most of the core is chains: nodes with two core neighbours (70 % of a province's core), where a
 * road runs on through a junction of a track. Only the junctions (core nodes with another number of
 * core neighbours) need the heap; a search walks a chain from end to end.
 *
 * @example
 * const trees = pendantTrees(nodeCount, adjStart, adjEdge, adjNode);
 * trees.upHalf[v];   // half-edge at v towards its parent, −1 for a core node
 * for (let k = trees.childStart[p]; k < trees.childStart[p + 1]; k++) trees.childNode[k];
 */

export interface PendantTrees {
  /** Core-only adjacency: the half-edges (indices into the graph's adjacency) of node n between two core nodes are coreHalf[coreStart[n] … coreStart[n+1]-1]. */
  coreStart: Int32Array;
  coreHalf: Int32Array;
  /** Per pruned node: its half-edge towards its parent; −1 for a core node. */
  upHalf: Int32Array;
  /** Per node: its pruned children childNode[childStart[n] … childStart[n+1]-1], each with the parent's half-edge towards it. */
  childStart: Int32Array;
  childNode: Int32Array;
  childHalf: Int32Array;
  /** 1 for a core node that is not inside a chain. */
  junction: Uint8Array;
  /** Per chain node: its two core half-edges (a walk leaves by the one it did not arrive by). */
  sideA: Int32Array;
  sideB: Int32Array;
  /** The chain nodes that have trees of their own. */
  chainRoots: Int32Array;
}

export function pendantTrees(nodeCount: number, adjStart: Int32Array, adjEdge: Int32Array, adjNode: Int32Array): PendantTrees {
  const n = nodeCount;
  // Degree counts half-edges: two edges between the same nodes, or a loop, keep a node in the core.
  const degree = new Int32Array(n);
  for (let v = 0; v < n; v++) degree[v] = adjStart[v + 1] - adjStart[v];
  const pruned = new Uint8Array(n);
  const upHalf = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let queued = 0;
  for (let v = 0; v < n; v++) if (degree[v] === 1) queue[queued++] = v;
  for (let q = 0; q < queued; q++) {
    const v = queue[q];
    // Degree 0: the last node of a component that is a tree; it stays, as that tree's root.
    if (degree[v] !== 1) continue;
    let up = -1;
    for (let h = adjStart[v]; h < adjStart[v + 1]; h++) {
      if (!pruned[adjNode[h]]) {
        up = h;
        break;
      }
    }
    pruned[v] = 1;
    degree[v] = 0;
    upHalf[v] = up;
    const parent = adjNode[up];
    if (--degree[parent] === 1) queue[queued++] = parent;
  }

  const coreStart = new Int32Array(n + 1);
  let m = 0;
  for (let v = 0; v < n; v++) {
    coreStart[v] = m;
    if (pruned[v]) continue;
    for (let h = adjStart[v]; h < adjStart[v + 1]; h++) if (!pruned[adjNode[h]]) m++;
  }
  coreStart[n] = m;
  const coreHalf = new Int32Array(m);
  m = 0;
  for (let v = 0; v < n; v++) {
    if (pruned[v]) continue;
    for (let h = adjStart[v]; h < adjStart[v + 1]; h++) if (!pruned[adjNode[h]]) coreHalf[m++] = h;
  }

  const childStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) if (upHalf[v] >= 0) childStart[adjNode[upHalf[v]] + 1]++;
  for (let v = 0; v < n; v++) childStart[v + 1] += childStart[v];
  const fill = childStart.slice(0, n);
  const childNode = new Int32Array(childStart[n]);
  const childHalf = new Int32Array(childStart[n]);
  for (let v = 0; v < n; v++) {
    const up = upHalf[v];
    if (up < 0) continue;
    const parent = adjNode[up];
    const edge = adjEdge[up];
    let down = -1;
    for (let h = adjStart[parent]; h < adjStart[parent + 1]; h++) {
      if (adjEdge[h] === edge && adjNode[h] === v) {
        down = h;
        break;
      }
    }
    const k = fill[parent]++;
    childNode[k] = v;
    childHalf[k] = down;
  }
  // A loop's two half-edges are one edge: its node is a junction, so a walk always knows its way on.
  const junction = new Uint8Array(n);
  const sideA = new Int32Array(n).fill(-1);
  const sideB = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  for (let v = 0; v < n; v++) {
    if (pruned[v]) continue;
    const k = coreStart[v];
    if (coreStart[v + 1] - k !== 2 || adjEdge[coreHalf[k]] === adjEdge[coreHalf[k + 1]]) {
      junction[v] = 1;
      continue;
    }
    sideA[v] = coreHalf[k];
    sideB[v] = coreHalf[k + 1];
    if (childStart[v + 1] > childStart[v]) roots.push(v);
  }
  return { coreStart, coreHalf, upHalf, childStart, childNode, childHalf, junction, sideA, sideB, chainRoots: Int32Array.from(roots) };
}

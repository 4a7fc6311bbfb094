import { getBenchmark } from '@a2v/benchmarks';
const t=performance.now();
const b = await getBenchmark('nb201-cifar10');
console.log('load ms', performance.now()-t, b.size, b.optimum, b.info.costUnit);
const vals=[...b.architectures()].map(a=>b.query(a.key).validationAccuracy).sort((x,y)=>x-y);
console.log([0.1,0.5,0.9,0.99,1].map(q=>vals[Math.min(vals.length-1,Math.floor(q*vals.length))]));
const first=[...b.architectures()][0]; console.log(first, b.query(first.key));

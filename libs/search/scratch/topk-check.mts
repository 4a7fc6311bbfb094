import { trainDngoNetwork, dngoBasis, prepareBlr, fitBlrHyper, blrPosterior, blrPredict, topKByExpectedImprovement, logExpectedImprovement, SeededRng } from '../src/index.js';
const rng = SeededRng.fromSeed(5);
const dim=16, n=60, N=5000;
const rows = Float32Array.from({length:N*dim},()=>rng.normal());
const x = new Float64Array(n*dim); const y=new Float64Array(n);
for(let r=0;r<n;r++){ let s=0; for(let d=0;d<dim;d++){ x[r*dim+d]=rows[r*dim+d]; s+=Math.sin(rows[r*dim+d]);} y[r]=s/4+0.1*rng.normal(); }
const net=trainDngoNetwork(x,y,dim,rng); const data=prepareBlr(dngoBasis(net,x,n),y,128);
for (const spread of ['std','variance'] as const) {
const hyper=fitBlrHyper(data); const post=blrPosterior(data,hyper);
const visited=new Uint8Array(N); for(let r=0;r<n;r++) visited[r]=1;
const inc = spread==='std'? Math.max(...y) : 3.0;
const model={net,posterior:post,inputMean:new Float64Array(dim),inputStd:new Float64Array(dim).fill(1),incumbent:inc,spread};
const stats={full:0,scanned:0};
const top=topKByExpectedImprovement(model,rows,dim,visited,5,stats);
const all=[]; const phi=new Float64Array(N*dim);
const basis=dngoBasis(net,Float64Array.from(rows),N);
for(let i=0;i<N;i++){ if(visited[i]) continue; const p=blrPredict(post,basis,i*128); all.push({i, l:logExpectedImprovement(p.mean, spread==='std'?Math.sqrt(p.variance):p.variance, inc)}); }
all.sort((a,b)=>b.l-a.l||a.i-b.i);
console.log(spread, stats, top.map(t=>t.index+':'+t.logEi.toFixed(6)).join(' '), '|', all.slice(0,5).map(t=>t.i+':'+t.l.toFixed(6)).join(' '));
}

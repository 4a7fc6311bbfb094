import { nearestUnvisited, SeededRng } from '../src/index.js';
const N=423624, D=16; const rng=SeededRng.fromSeed(1);
const rows=Float32Array.from({length:N*D},()=>rng.normal()); const visited=new Uint8Array(N);
for (let rep=0;rep<3;rep++){ const pts=Array.from({length:100},()=>Float64Array.from({length:D},()=>rng.normal()));
const c0=process.cpuUsage(); const t=performance.now(); for(const p of pts) visited[nearestUnvisited(rows,D,p,visited)]=1; const c=process.cpuUsage(c0);
console.log('cpu ms/q',((c.user+c.system)/1000/100).toFixed(2),'wall',((performance.now()-t)/100).toFixed(2)); }
function nnC(rows: Float32Array, D: number, point: Float64Array, visited: Uint8Array){ const N=visited.length; const p0=point[0],p1=point[1],p2=point[2],p3=point[3],p4=point[4],p5=point[5],p6=point[6],p7=point[7]; let best=-1,bd=Infinity; for(let i=0,o=0;i<N;i++,o+=D){ const a=rows[o]-p0,b=rows[o+1]-p1; let s=a*a+b*b; if(s>=bd) continue; const c=rows[o+2]-p2,e=rows[o+3]-p3; s+=c*c+e*e; if(s>=bd) continue; const f=rows[o+4]-p4,g=rows[o+5]-p5,h=rows[o+6]-p6,k=rows[o+7]-p7; s+=f*f+g*g+h*h+k*k; if(s>=bd||visited[i]!==0) continue; for(let d=8;d<D;d++){const df=rows[o+d]-point[d]; s+=df*df; } if(s<bd){bd=s;best=i;} } return best; }
for (let rep=0;rep<3;rep++){ const pts=Array.from({length:100},()=>Float64Array.from({length:D},()=>rng.normal()));
const c0=process.cpuUsage(); for(const p of pts) visited[nnC(rows,D,p,visited)]=1; const c=process.cpuUsage(c0);
console.log('local C cpu ms/q',((c.user+c.system)/1000/100).toFixed(2)); }

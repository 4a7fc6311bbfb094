import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
setThreadsCount(1);
await tf.setBackend('wasm'); await tf.ready();
console.log(tf.getBackend());
const N=423624, D=16, H=128;
const X=new Float32Array(N*D); for(let i=0;i<X.length;i++) X[i]=Math.sin(i*12.9898)*0.5;
const W=tf.randomNormal([D,H],0,0.3,'float32',1); const b=tf.zeros([H]);
const S=tf.randomNormal([H,H],0,0.1,'float32',2);
const m=tf.randomNormal([H,1],0,0.1,'float32',3);
function go(){
const c0=process.cpuUsage(); const t=performance.now();
const CH=16384; let best=0;
for(let s=0;s<N;s+=CH){ const n=Math.min(CH,N-s);
  const out=tf.tidy(()=>{ const x=tf.tensor2d(X.subarray(s*D,(s+n)*D),[n,D]); const phi=tf.tanh(tf.add(tf.matMul(x,W),b)); const mu=tf.matMul(phi,m); const v=tf.sum(tf.mul(tf.matMul(phi,S),phi),1); return tf.concat([tf.reshape(mu,[n]),v]); });
  const d=out.dataSync(); best+=d[0]; out.dispose(); }
const c=process.cpuUsage(c0); console.log('cpu',(c.user+c.system)/1000,'wall',performance.now()-t);
}
go();go();go();

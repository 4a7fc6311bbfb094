import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
setThreadsCount(1);
await tf.setBackend('wasm'); await tf.ready();
console.log(tf.getBackend(), tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'));
const N=423624, D=16, H=128;
const X=new Float32Array(N*D); for(let i=0;i<X.length;i++) X[i]=Math.sin(i*12.9898)*0.5;
const W=tf.randomNormal([D,H],0,0.3,'float32',1); const b=tf.zeros([H]);
const S=tf.randomNormal([H,H],0,0.1,'float32',2);
const m=tf.randomNormal([H,1],0,0.1,'float32',3);
const xt=tf.tensor2d(X,[N,D]);
function t(name: string, f: ()=>tf.Tensor){const c0=process.cpuUsage(); const r=f(); r.dataSync(); const c=process.cpuUsage(c0); console.log(name,(c.user+c.system)/1000); return r;}
for (let rep=0;rep<2;rep++){
const z=t('matmul1',()=>tf.matMul(xt,W));
const z2=t('fused matmul1+bias+... ',()=>tf.fused.matMul({a:xt,b:W,bias:b}));
const phi=t('tanh',()=>tf.tanh(z));
const mu=t('mean',()=>tf.matMul(phi,m));
const ps=t('matmul2',()=>tf.matMul(phi,S));
const v=t('mulsum',()=>tf.sum(tf.mul(ps,phi),1));
tf.dispose([z,z2,phi,mu,ps,v]);
}

import { createHash } from 'node:crypto';

/**
 * The verification page's own check, run in the reader's browser: no library, no bundler, only
 * WebCrypto. It reads the receipt from `<script type="application/json" id="receipt-data">` and
 * redoes the four checks the server already showed, so the reader need not trust the server:
 *  1. hash: SHA-256(prevHash ‖ JCS(entry without hash)) is the receipt's hash;
 *  2. inclusion: SHA-256(0x00 ‖ JCS(entry)) and the proof lead to the checkpoint's root
 *     (RFC 9162 §2.1.3.2);
 *  3. signature: the checkpoint note's text is signed by the log key (Ed25519, C2SP signed-note);
 *  4. checkpoint: its size and root are what the receipt printed, and it names this fund.
 * Entries hold only strings, safe integers, arrays and objects, so JCS is sorted keys and
 * JSON.stringify. The messages come with the data, in the page's language; once done, the note
 * saying the results are the server's is hidden.
 */
export const VERIFY_SCRIPT = `(async()=>{
const $=i=>document.getElementById(i),d=JSON.parse($('receipt-data').textContent),T=d.text,C=crypto.subtle,E=new TextEncoder();
const cat=(...p)=>{const o=new Uint8Array(p.reduce((n,x)=>n+x.length,0));let i=0;for(const x of p){o.set(x,i);i+=x.length}return o};
const sha=async(...p)=>new Uint8Array(await C.digest('SHA-256',cat(...p)));
const b64=s=>Uint8Array.from(atob(s),c=>c.charCodeAt(0));
const hex=b=>Array.from(b,x=>x.toString(16).padStart(2,'0')).join('');
const eq=(a,b)=>a.length===b.length&&a.every((x,i)=>x===b[i]);
const jcs=v=>v===null||typeof v!=='object'?JSON.stringify(v):Array.isArray(v)?'['+v.map(jcs).join(',')+']':'{'+Object.keys(v).sort().map(k=>JSON.stringify(k)+':'+jcs(v[k])).join(',')+'}';
const fill=(s,o)=>s.replace(/\\{(\\w+)\\}/g,(m,k)=>k in o?String(o[k]):m);
const half=n=>Math.floor(n/2),odd=n=>n%2===1;
const states={};
const show=(c,state,msg,o)=>{states[c]=state;const li=$('check-'+c);li.dataset.state=state;li.dataset.by='browser';li.querySelector('.mark').textContent=state==='ok'?'✓':state==='fail'?'✗':'–';li.querySelector('.result').textContent=fill(msg,o||{})};
const run=async(c,f)=>{try{await f()}catch(x){show(c,'fail',T.broken,{error:String(x&&x.message||x)})}};
$('verify-summary').textContent=T.running;
const e=d.entry,n=d.checkpoint,sp=n.lastIndexOf('\\n\\n'),text=n.slice(0,sp+1),L=text.split('\\n'),origin=L[0],size=Number(L[1]),root=L[2];
await run('hash',async()=>{const{hash,...rest}=e,h=hex(await sha(E.encode(rest.prevHash+jcs(rest)))),ok=h===hash&&h===d.claimed.hash;
show('hash',ok?'ok':'fail',ok?T.hash_ok:T.hash_fail,{computed:h,receipt:d.claimed.hash})});
await run('inclusion',async()=>{const one=new Uint8Array([1]);let r=await sha(new Uint8Array([0]),E.encode(jcs(e))),fn=d.leafIndex,sn=size-1,ok=fn===e.seq-1&&fn<size;
for(const p of d.proof.map(b64)){if(!ok)break;if(sn===0){ok=false;break}
if(odd(fn)||fn===sn){r=await sha(one,p,r);if(!odd(fn))while(!odd(fn)&&fn!==0){fn=half(fn);sn=half(sn)}}else r=await sha(one,r,p);
fn=half(fn);sn=half(sn)}
ok=ok&&sn===0&&eq(r,b64(root));show('inclusion',ok?'ok':'fail',ok?T.inclusion_ok:T.inclusion_fail,{size,root})});
await run('signature',async()=>{const k=d.logKey,i=k.indexOf('+'),j=k.indexOf('+',i+1),name=k.slice(0,i),kb=b64(k.slice(j+1)),pub=kb.slice(1);
const id=(await sha(E.encode(name+'\\n'),kb.slice(0,1),pub)).slice(0,4),line=n.slice(sp+2).split('\\n').find(l=>l.startsWith('\\u2014 '+name+' '));
let s='fail';if(kb[0]===1&&pub.length===32&&hex(id)===k.slice(i+1,j)&&line){const sb=b64(line.slice(name.length+3));
if(eq(sb.slice(0,4),id)){let key;try{key=await C.importKey('raw',pub,{name:'Ed25519'},false,['verify'])}catch{s='unsupported'}
if(key)s=await C.verify({name:'Ed25519'},key,sb.slice(4),E.encode(text))?'ok':'fail'}}
show('signature',s,T['signature_'+s],{key:name})});
await run('checkpoint',async()=>{const c=d.claimed,mine=origin.endsWith('/funds/'+d.fundId);
if(c.size===undefined&&c.root===undefined)return show('checkpoint',mine?'none':'fail',mine?T.checkpoint_none:T.checkpoint_fail,{size,root,claimedSize:'–',claimedRoot:'–'});
let R=(c.root||'').replace(/-/g,'+').replace(/_/g,'/');while(R.length%4)R+='=';
const ok=mine&&size===c.size&&R===root;show('checkpoint',ok?'ok':'fail',ok?T.checkpoint_ok:T.checkpoint_fail,{size,root,claimedSize:c.size,claimedRoot:c.root})});
const v=Object.values(states),s=$('verify-summary');s.dataset.by='browser';
s.dataset.state=v.includes('fail')?'fail':v.every(x=>x==='ok'||x==='none')?'ok':'partial';
s.textContent=T['summary_'+s.dataset.state];
const sn=document.querySelector('.server-note');if(sn)sn.hidden=true})();`;

/** The CSP source that lets exactly this script run, and nothing else inline. */
export const VERIFY_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(VERIFY_SCRIPT).digest('base64')}'`;
